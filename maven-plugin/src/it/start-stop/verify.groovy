// The Failsafe test ran and passed between start and stop; export wrote the app file and lib/.
def reports = new File(basedir, 'target/failsafe-reports')
assert reports.isDirectory() : 'no failsafe reports'
def summary = new File(reports, 'failsafe-summary.xml').text
assert summary.contains('<completed>3</completed>') : summary
assert summary.contains('<failures>0</failures>') : summary
assert summary.contains('<errors>0</errors>') : summary
def log = new File(basedir, 'build.log').text
assert log.contains('Stopped the emulator')
// start prints the cloud's lines, as serve does; neither goal prints Undertow's or XNIO's INFO lines
def start = log.substring(log.indexOf(':start (emulator)'), log.indexOf(':integration-test'))
assert start =~ /\[INFO\] Created web function hello => http:\/\/local--greet-hello\.localhost:\d+\R/ : start
assert start =~ /\[INFO\] Created flash service endpoint for Echo => http:\/\/local--greet-echo\.us-east\.localhost:\d+\R/ : start
assert start.contains('[INFO] Emulator ready at http://127.0.0.1:') : start
def stop = log.substring(log.indexOf(':stop (emulator)'), log.indexOf('Stopped the emulator'))
[start, stop].each { section ->
  assert !section.contains('XNIO') : section
  assert !section.contains('Undertow') : section
}
assert new File(basedir, 'target/modal_export/greet.py').isFile()
assert new File(basedir, 'target/modal_export/lib/emulator.jar').isFile()
// the emulator's own dependencies are in emulator.jar, not again beside it
assert !new File(basedir, 'target/modal_export/lib').list().any { it.startsWith('undertow-core') }
assert new File(basedir, 'target/modal_export/lib/start-stop-classes.jar').isFile()
return true
