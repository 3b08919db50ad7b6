import socket, time
dgrams=[open(f,'rb').read() for f in ('v9a.bin','v9b.bin','v5.bin')]
for fam, dst, port in ((socket.AF_INET,'192.0.2.2',9995),(socket.AF_INET6,'2001:db8::2',4739)):
    s=socket.socket(fam,socket.SOCK_DGRAM)
    for d in dgrams:
        s.sendto(d,(dst,port)); time.sleep(0.05)
time.sleep(0.5)
