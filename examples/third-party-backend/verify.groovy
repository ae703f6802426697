// The kit ran on the 'arrays' backend: a non-zero number of tests, from every layer selected.
def reports = new File(basedir, 'target/surefire-reports')
assert reports.isDirectory() : 'no surefire reports: the kit did not run'
def files = reports.listFiles().findAll { it.name.startsWith('TEST-') && it.name.endsWith('.xml') }
int tests = 0
int skipped = 0
files.each { f ->
    def head = (f.text =~ /<testsuite [^>]*>/)[0]
    tests += ((head =~ /tests="(\d+)"/)[0][1]).toInteger()
    skipped += ((head =~ /skipped="(\d+)"/)[0][1]).toInteger()
}
println "third-party-backend: ${tests} tests in ${files.size()} classes, ${skipped} skipped"
assert tests - skipped > 0 : "no test of the kit ran (${tests} found, ${skipped} skipped)"
def classes = files.collect { it.name - 'TEST-' - '.xml' }
['conformance.PrimitiveConformanceTest', 'conformance.IndexConformanceTest',
 'conformance.GradientConformanceTest', 'conformance.FusedConformanceTest',
 'conformance.ScopeLifetimeTest', 'distributions.TorchDistributionsTest',
 'infer.CompiledSviTest', 'infer.ConjugateNormalTest'].each { c ->
    assert classes.contains('org.ppl4j.tck.' + c) : "the kit's ${c} did not run"
}
def log = new File(basedir, 'build.log').text
assert log =~ /ppl4j conformance kit: [1-9]\d* tests ran, \d+ skipped, on backends \[arrays, reference\]/
