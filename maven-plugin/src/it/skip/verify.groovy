def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.count('klas: skipped (klas.skip)') == 2
assert !new File(basedir, 'target/klas').exists()
return true
