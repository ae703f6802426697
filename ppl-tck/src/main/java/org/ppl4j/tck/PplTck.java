package org.ppl4j.tck;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The whole conformance kit as one JUnit Platform suite: every suite class under {@code
 * org.ppl4j.tck}, run on each backend under test ({@link org.ppl4j.testkit.BackendsUnderTest}).
 *
 * <p>Surefire runs the kit's classes directly with {@code -DdependenciesToScan=org.ppl4j:ppl-tck};
 * this class is for builds and IDEs that run one class from their own test tree instead:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends PplTck {}   // @Suite and its selection are inherited
 * }</pre>
 *
 * Its name matches none of Surefire's default includes, so scanning the kit does not run it too.
 */
@Suite
@SuiteDisplayName("ppl4j conformance kit")
@SelectPackages("org.ppl4j.tck")
@IncludeClassNamePatterns(".*Test")
public class PplTck {}
