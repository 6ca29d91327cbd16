package org.parley.client.janus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void cpuTimeIsUserPlusSystemTicksEvenWithParenthesesInTheCommandName() {
        String stat = "4242 (janus (x) y) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 50 0 0 20 0 12 0 1000 "
                + "123456789 2500 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcessStats.cpuSecondsOfStat(stat)).isEqualTo(3.0);
    }

    @Test
    void residentMemoryIsVmRssInBytes() {
        assertThat(ProcessStats.residentBytesOfStatus("Name:\tjanus\nVmPeak:\t 9000 kB\nVmRSS:\t   20480 kB\n"))
                .isEqualTo(20480L * 1024);
    }

    @Test
    void thisProcessCanBeRead() {
        assertThat(ProcessStats.read(ProcessHandle.current().pid())).hasValueSatisfying(
                s -> assertThat(s.residentBytes()).isPositive());
    }
}
