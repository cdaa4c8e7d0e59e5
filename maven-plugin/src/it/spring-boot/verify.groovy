// The project's @ModalEmulator test passed in Surefire, and its Failsafe test between start and stop.
def surefire = new File(basedir, 'target/surefire-reports/TEST-sample.ShopTest.xml')
assert surefire.isFile() : 'no surefire report'
assert surefire.text.contains('tests="1"') && surefire.text.contains('failures="0"') && surefire.text.contains('errors="0"') : surefire.text
def summary = new File(basedir, 'target/failsafe-reports/failsafe-summary.xml').text
assert summary.contains('<completed>1</completed>') : summary
assert summary.contains('<failures>0</failures>') : summary
assert summary.contains('<errors>0</errors>') : summary
def log = new File(basedir, 'build.log').text
assert log.contains('Stopped the emulator')
// Spring Boot's own logging: Logback's pattern, and no competing SLF4J binding.
assert !log.contains('LoggerFactory is not a Logback LoggerContext') : 'the emulator\'s SLF4J binding reached the app'
return true
