#pragma once

#include <chrono>
#include <cstdint>

namespace kvw::bench {

// Wall time and this process's CPU time (user + system) of one measured step. On a shared, loaded machine the CPU
// time is the figure that means something; wall time is printed too.
class BenchClock
{
public:
    BenchClock();
    void restart();
    double wallSeconds() const;
    double cpuSeconds() const;
    double wallMs() const { return wallSeconds() * 1000.0; }
    double cpuMs() const { return cpuSeconds() * 1000.0; }

    static double processCpuSeconds();
    static double processUserSeconds();
    // Peak resident set of the process since the last resetPeakRss() (Linux's VmHWM), or since it started
    // (getrusage ru_maxrss) where /proc does not tell; in MiB. Pages of a memory-mapped case that were read count.
    static double peakRssMiB();
    // Starts a new peak at the current resident set (writes 5 to /proc/self/clear_refs), so that one phase's peak
    // (the CSV ingest) does not include an earlier one's (the views'). False where that cannot be done.
    static bool resetPeakRss();

private:
    std::chrono::steady_clock::time_point m_wall;
    double m_cpu = 0.0;
};

} // namespace kvw::bench
