#include "BenchClock.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include <sys/resource.h>

namespace kvw::bench {
namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

} // namespace

BenchClock::BenchClock() { restart(); }

void BenchClock::restart()
{
    m_wall = std::chrono::steady_clock::now();
    m_cpu = processCpuSeconds();
}

double BenchClock::wallSeconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_wall).count();
}

double BenchClock::cpuSeconds() const { return processCpuSeconds() - m_cpu; }

double BenchClock::processCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

double BenchClock::processUserSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return seconds(u.ru_utime);
}

double BenchClock::peakRssMiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::strtod(line.c_str() + 6, nullptr) / 1024.0; // "VmHWM:   185364 kB"
        }
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0; // kilobytes on Linux
}

bool BenchClock::resetPeakRss()
{
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

} // namespace kvw::bench
