// The build failed (invoker.buildResult) because no test ran, and named the layers.
def log = new File(basedir, 'build.log').text
assert log.contains('no test ran to a result in this run') : 'no "no test ran" message in build.log'
assert log.contains('[primitives, index, gradients') : 'the message does not name the layers'
assert log.contains('BUILD FAILURE')
