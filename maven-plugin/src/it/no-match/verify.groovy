def log = new File(basedir, 'build.log').text
assert log =~ /klas: 1 units, 1 parsed, 0 up to date, 0 failed; \d+ shadows written/
assert log.contains('[WARNING] klas: no pointcut matches anything in ')
assert log.contains('nothing woven (failOnNoMatch=false)')
assert log =~ /(?m)\[WARNING\] \S+nothing\.xml:2:1: aspect nothing: call\(no_such_function\): no function 'no_such_function' in the table$/
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, 'target/klas/woven').exists()
return true
