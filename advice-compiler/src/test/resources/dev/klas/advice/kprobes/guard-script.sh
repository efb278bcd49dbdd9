# KernelGuardVmHeavyTest's script (@ADVICE@ is the advice module's name).
set -e
A=@ADVICE@
P=/proc/kernel-mbuf
H=/sys/kernel/debug/klas/$A/hits
L=/sys/kernel/debug/klas/$A/log
M=/sys/module/$A/parameters
up() { cut -d' ' -f1 /proc/uptime; }
waitoff() {
	n=0
	while [ "$(cat $M/spin)" = Y ]; do
		sleep 0.02
		n=$((n + 1))
		if [ $n -gt 1500 ]; then echo "spin was never switched off"; exit 1; fi
	done
}
ip link set lo up
echo "== params $(cat $M/guard_ms) $(cat $M/guard_window_ms) $(cat $M/printk)"
echo 0 > $M/chatty
taskset 1 ping -i 0.01 -c 400 127.0.0.1 > /test/ping.txt &
PING=$!
sleep 0.3

for i in 1 2; do
	echo reset > $P
	echo reset > $H
	echo "== start$i $(up)"
	taskset 2 sh -c "echo 'run 20000' > $P" &
	RUN=$!
	waitoff
	echo "== off$i $(up)"
	wait $RUN
	echo "== run$i"; cat $P
	echo "== hits$i"; cat $H
	echo 1 > $M/spin
done
echo 0 > $M/spin
wait $PING
echo "== ping"; tail -3 /test/ping.txt

echo reset > $P
echo reset > $H
cat $L > /dev/null
echo 1 > $M/chatty
taskset 1 ping -i 0.01 -c 200 127.0.0.1 > /dev/null &
PING=$!
taskset 1 sh -c "echo 'run 3000' > $P" &
R1=$!
taskset 2 sh -c "echo 'run 3000' > $P" &
R2=$!
: > /test/log.txt
while kill -0 $R1 2> /dev/null || kill -0 $R2 2> /dev/null; do
	cat $L >> /test/log.txt
	sleep 0.1
done
wait $R1
wait $R2
cat $L >> /test/log.txt
echo "== run3"; cat $P
echo "== hits3"; cat $H
echo "== log3 lines $(grep -c '^msg' /test/log.txt) dropped $(awk -F'\t' '$1 == "drop" { s += $4 } END { print s + 0 }' /test/log.txt) order-bad $(awk -F'\t' '$1 == "msg" { if (($3 in t) && $2 + 0 < t[$3]) bad++; t[$3] = $2 + 0 } END { print bad + 0 }' /test/log.txt) cpus $(grep '^msg' /test/log.txt | cut -f3 | sort -u | wc -l)"
echo "== log3 head"; grep -m1 '^msg' /test/log.txt
echo "== log3 drop"; grep -m1 '^drop' /test/log.txt || echo none
wait $PING

echo reset > $P
echo 1 > $M/printk
echo "run 2" > $P
echo 0 > $M/printk
echo "== printk"; cat $P
rmmod $A
echo "== gone"
