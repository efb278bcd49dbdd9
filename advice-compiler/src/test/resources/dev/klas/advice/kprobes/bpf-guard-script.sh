# BpfGuardVmHeavyTest's script (@...@ are filled in by the test).
set -e
P=/proc/kernel-mbuf
up() { cut -d' ' -f1 /proc/uptime; }
ip link set lo up
@REFUSED@
@START_SPIN@
taskset 1 ping -i 0.01 -c 400 127.0.0.1 > /test/ping.txt &
PING=$!
sleep 0.3
for i in 1 2; do
	echo reset > $P
	echo "== start$i $(up)"
	taskset 2 sh -c "echo 'run 20000' > $P" &
	RUN=$!
	n=0
	until [ "$(grep -c 'switched off' /test/@SPIN@.out)" -ge $i ]; do
		sleep 0.02
		n=$((n + 1))
		if [ $n -gt 1500 ]; then echo "spin was never switched off"; cat /test/@SPIN@.out; exit 1; fi
	done
	echo "== off$i $(up)"
	wait $RUN
	echo "== run$i"; cat $P
	echo "== spin hits$i"; /test/@SPIN@ --hits
	kill -USR1 $LOADER
	n=0
	until [ "$(grep -c 'switched on again' /test/@SPIN@.out)" -ge $i ]; do
		sleep 0.05
		n=$((n + 1))
		if [ $n -gt 200 ]; then echo "spin was never switched on"; exit 1; fi
	done
done
wait $PING
echo "== ping"; tail -3 /test/ping.txt
@STOP_SPIN@
@START_CHATTY@
echo reset > $P
kill -STOP $LOADER
taskset 1 sh -c "echo 'run 3000' > $P" &
R1=$!
taskset 2 sh -c "echo 'run 3000' > $P" &
R2=$!
wait $R1
wait $R2
kill -CONT $LOADER
echo "== run3"; cat $P
echo "== chatty hits"; /test/@CHATTY@ --hits
@STOP_CHATTY@
echo "== pins after"; ls /sys/fs/bpf/klas/
rc=0; /test/@CHATTY@ --hits > /test/hits.out 2>&1 || rc=$?
echo "== hits after"; cat /test/hits.out; echo "exit $rc"
