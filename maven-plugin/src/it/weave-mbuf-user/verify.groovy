// The build log names each step; the woven folder holds the plan and the built library.
def log = new File(basedir, 'build.log').text
assert log =~ /--- exec(-maven-plugin)?:3\.5\.0:exec \(gcc\)/
assert log =~ /klas: 3 units, 3 parsed, 0 up to date, 0 failed; \d+ shadows written/
def summary = (log =~ /klas: (\d+) shadows matched; (\d+) hooks/)
assert summary.find() : 'no weave summary in the log'
assert summary.group(1).toInteger() > 0
assert summary.group(2).toInteger() > 0
assert log.contains('[INFO] hook ')
assert log.contains('set_m_len')
assert log =~ /--- exec(-maven-plugin)?:3\.5\.0:exec \(run-woven\)/
// the advice of set_m_len ran at both hooked stores (mbuf.c:22 in m_get, mbuf.c:48 in m_append)
assert log =~ /mbuf\.c:22 m_len <- at 0x[0-9a-f]+ \(mbuf 0x[0-9a-f]+\)/
assert log =~ /mbuf\.c:48 m_len <- at 0x[0-9a-f]+ \(mbuf 0x[0-9a-f]+\)/
// as often as the oracle build (same sources and arguments, -DKLAS_ORACLE) counts writes of m_len
assert log =~ /--- exec(-maven-plugin)?:3\.5\.0:exec \(run-oracle\)/
def oracle = (log =~ /oracle set_m_len=(\d+)/)
assert oracle.find() : 'no oracle count in the log'
def expected = oracle.group(1).toInteger()
assert expected > 0 : 'the oracle counts no write of m_len'
def advice = (log =~ /\S+:\d+ m_len <- at 0x[0-9a-f]+ \(mbuf 0x[0-9a-f]+\)/).size()
assert advice == expected : "set_m_len advice ran ${advice} times, the oracle counts ${expected}"
assert log.contains('BUILD SUCCESS')
def woven = new File(basedir, 'target/klas/woven')
assert new File(woven, 'plan.json').isFile()
assert woven.listFiles().any { it.name.endsWith('.so') } : "no library in ${woven.list()}"
return true
