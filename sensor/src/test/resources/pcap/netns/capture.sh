#!/bin/bash
# Makes the netns-fragments-* captures: real kernel traffic, no packet crafting. Two network namespaces joined by a
# veth pair with an MTU of 1280; the sender (192.0.2.1, 2001:db8::1) sends akvorado's NetFlow v9 template and data
# packets and its 1416-byte NetFlow v5 packet over IPv4 to UDP port 9995 and over IPv6 to 4739, so the kernel
# fragments the v5 packet (1444 and 1464 bytes of IP > 1280); dumpcap records it in the receiver's namespace on the
# veth (Ethernet), and on "any" as Linux cooked v1 (SLL, pcapng) and v2 (SLL2). vlan-tag.py then adds an 802.1Q tag
# to the Ethernet capture (the sandbox has no 8021q module). Run as root from this directory:
#   unshare -n -m bash -c 'mount -t tmpfs none /var/run; mkdir -p /var/run/netns; bash netns/capture.sh'
set -e
cd "$(dirname "$0")"
head -c 120 ../akvorado-v9-template+data.nf9 > v9a.bin
tail -c +121 ../akvorado-v9-template+data.nf9 > v9b.bin
tshark -r ../akvorado-nfv5.pcap -T fields -e udp.payload | tr -d ':\n' | xxd -r -p > v5.bin
ip netns add rx
ip link add veth0 type veth peer name veth1
ip link set veth1 netns rx
ip link set lo up; ip netns exec rx ip link set lo up
ip link set veth0 mtu 1280 up; ip netns exec rx ip link set veth1 mtu 1280 up
ip addr add 192.0.2.1/24 dev veth0; ip netns exec rx ip addr add 192.0.2.2/24 dev veth1
ip -6 addr add 2001:db8::1/64 dev veth0 nodad; ip netns exec rx ip -6 addr add 2001:db8::2/64 dev veth1 nodad
sleep 1
ip netns exec rx dumpcap -q -i veth1 -P -w ../netns-fragments-ether.pcap 2>/dev/null & A=$!
ip netns exec rx dumpcap -q -i any -y LINUX_SLL2 -P -w ../netns-fragments-sll2.pcap 2>/dev/null & B=$!
ip netns exec rx dumpcap -q -i any -y LINUX_SLL -w ../netns-fragments-sll.pcapng 2>/dev/null & C=$!
ip netns exec rx python3 recv.py & D=$!
sleep 2
python3 send.py
wait $D
kill $A $B $C; wait
ip netns del rx
python3 vlan-tag.py ../netns-fragments-ether.pcap ../netns-fragments-vlan.pcap
rm -f v9a.bin v9b.bin v5.bin
for f in ether.pcap sll2.pcap sll.pcapng vlan.pcap; do
  python3 ../tshark-flows.py ../netns-fragments-$f -d udp.port==9995,cflow > ../netns-fragments-${f%.*}.tshark.csv
done
