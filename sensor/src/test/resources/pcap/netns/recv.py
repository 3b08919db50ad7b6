import socket, time, select
a=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); a.bind(('192.0.2.2',9995))
b=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM); b.bind(('2001:db8::2',4739))
end=time.time()+6
n=0
while time.time()<end:
    r,_,_=select.select([a,b],[],[],0.2)
    for s in r: s.recv(65535); n+=1
print('received',n)
