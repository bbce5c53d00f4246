package org.ailive.bench;

/** What the bench reads of the servers under test: CPU time of their JVMs and of their Postgres, ms. */
interface Measured {
  long jvmCpuMillis();

  long postgresCpuMillis();
}
