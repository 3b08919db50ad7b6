# Inserts an 802.1Q tag (VLAN 100) after the MAC addresses of every frame of a little- or big-endian libpcap file
# of Ethernet frames. Usage: python3 vlan-tag.py IN.pcap OUT.pcap
import struct, sys
data = open(sys.argv[1], 'rb').read()
order = '<' if data[:4] == b'\xd4\xc3\xb2\xa1' else '>'
out = bytearray(data[:24])
o = 24
while o + 16 <= len(data):
    sec, frac, incl, orig = struct.unpack(order + 'IIII', data[o:o + 16])
    frame = data[o + 16:o + 16 + incl]
    tagged = frame[:12] + b'\x81\x00\x00\x64' + frame[12:]
    out += struct.pack(order + 'IIII', sec, frac, incl + 4, orig + 4) + tagged
    o += 16 + incl
open(sys.argv[2], 'wb').write(out)
