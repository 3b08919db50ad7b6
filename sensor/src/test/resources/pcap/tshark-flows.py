import json,subprocess,sys
f=sys.argv[1]
out=subprocess.run(['tshark','-r',f,'-d','udp.port==2055,cflow','-d','udp.port==9990,cflow','-d','udp.port==4739,cflow','-d','udp.port==8096,cflow']+sys.argv[2:]+['-T','json'],capture_output=True,text=True).stdout
def first(pairs):
    d={}
    for k,v in pairs:
        d.setdefault(k,v)  # tshark repeats keys (a reverse counter after the forward one): keep the first
    return d
data=json.loads(out,object_pairs_hook=first)
recs=[]
def walk(o):
    if isinstance(o,dict):
        if any(k in o for k in ('cflow.srcaddr','cflow.srcaddrv6','cflow.octets','cflow.packets')) and not any(isinstance(v,dict) and k.startswith('Flow') for k,v in o.items()):
            recs.append(o)
        for k,v in o.items(): walk(v)
    elif isinstance(o,list):
        for v in o: walk(v)
walk(data)
def g(r,k):
    v=r.get(k)
    return v[0] if isinstance(v,list) else v
for r in recs:
    src=g(r,'cflow.srcaddr') or g(r,'cflow.srcaddrv6'); dst=g(r,'cflow.dstaddr') or g(r,'cflow.dstaddrv6')
    print(','.join(str(x) for x in [src,dst,g(r,'cflow.srcport'),g(r,'cflow.dstport'),g(r,'cflow.protocol'),g(r,'cflow.octets'),g(r,'cflow.packets')]))
