# Prints, per flow record that carries a sampled packet (IPFIX dataLinkFrameSection, IE 315), what tshark's own
# dissection of that packet says: src,dst,srcport,dstport,protocol,octets,packets of its innermost IP packet (octets:
# its IP length; packets: 1), or "none" when tshark finds no IP packet in it. Usage: python3 tshark-sections.py FILE
import json, subprocess, sys
f = sys.argv[1]
out = subprocess.run(['tshark', '-r', f, '-d', 'udp.port==2055,cflow', '-d', 'udp.port==4739,cflow', '-T', 'json'],
                     capture_output=True, text=True).stdout
def keep_all(pairs):
    d = {}
    for k, v in pairs:
        n, i = k, 2
        while n in d:
            n, i = f'{k}#{i}', i + 1
        d[n] = v
    return d
data = json.loads(out, object_pairs_hook=keep_all)
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k.startswith('cflow.data_link_frame_section_tree'):
                record(v)
            else:
                walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
def record(tree):
    ip = None
    l4 = {}
    for k, v in tree.items():
        base = k.split('#')[0]
        if base in ('ip', 'ipv6'):
            ip, l4 = (base, v), {}
        elif base in ('tcp', 'udp', 'sctp') and ip:
            l4 = v
    if not ip:
        print('none')
        return
    kind, h = ip
    if kind == 'ip':
        src, dst, proto, length = h['ip.src'], h['ip.dst'], h['ip.proto'], h['ip.len']
    else:
        src, dst, proto, length = h['ipv6.src'], h['ipv6.dst'], h['ipv6.nxt'], int(h['ipv6.plen']) + 40
    sport = l4.get('tcp.srcport') or l4.get('udp.srcport') or l4.get('sctp.srcport') or 0
    dport = l4.get('tcp.dstport') or l4.get('udp.dstport') or l4.get('sctp.dstport') or 0
    print(','.join(str(x) for x in [src, dst, sport, dport, proto, length, 1]))
walk(data)
