# Prints, per flow record of a wireless controller's capture, what tshark decodes: the station (staIPv4Address) as
# the source of an ingress record and the destination of an egress one (flowDirection), 0.0.0.0 for the other end,
# ports and protocol 0 (the records carry none), octets, packets. Usage: python3 tshark-station.py FILE
import json, subprocess, sys
out = subprocess.run(['tshark', '-r', sys.argv[1], '-d', 'udp.port==2055,cflow', '-T', 'json'],
                     capture_output=True, text=True).stdout
def walk(o):
    if isinstance(o, dict):
        if 'cflow.sta_ipv4_address' in o:
            sta, egress = o['cflow.sta_ipv4_address'], o['cflow.direction'] == '1'
            src, dst = ('0.0.0.0', sta) if egress else (sta, '0.0.0.0')
            print(','.join([src, dst, '0', '0', '0', o['cflow.octets'], o['cflow.packets']]))
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.loads(out))
