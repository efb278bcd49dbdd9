// The failure names the aspect file with the line and column of the error, and it is a build failure
// (MojoFailureException), not an internal error.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /aspects\/broken\.xml:3:\d+: /
assert log.contains('invalid aspect')
assert !log.contains('klas internal error')
return true
