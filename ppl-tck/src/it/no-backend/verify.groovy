// The build failed (invoker.buildResult) for the right reason, and said what to add.
def log = new File(basedir, 'build.log').text
assert log.contains('the ppl4j conformance kit found no backend to test') : 'no "found no backend" message in build.log'
assert log.contains('META-INF/services/org.ppl4j.spi.BackendProvider') : 'the message does not say what to add'
assert log.contains('BUILD FAILURE')
