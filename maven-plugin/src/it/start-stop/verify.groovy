// The Failsafe test ran and passed between start and stop; export wrote the app file and lib/.
def reports = new File(basedir, 'target/failsafe-reports')
assert reports.isDirectory() : 'no failsafe reports'
def summary = new File(reports, 'failsafe-summary.xml').text
assert summary.contains('<completed>2</completed>') : summary
assert summary.contains('<failures>0</failures>') : summary
assert summary.contains('<errors>0</errors>') : summary
def log = new File(basedir, 'build.log').text
assert log.contains('Stopped the emulator')
assert new File(basedir, 'target/modal_export/greet.py').isFile()
assert new File(basedir, 'target/modal_export/lib/emulator.jar').isFile()
// the emulator's own dependencies are in emulator.jar, not again beside it
assert !new File(basedir, 'target/modal_export/lib').list().any { it.startsWith('undertow-core') }
assert new File(basedir, 'target/modal_export/lib/start-stop-classes.jar').isFile()
return true
