#include "core/demo/DemoRandom.h"

#include <cmath>

namespace kvw::core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

} // namespace

DemoRandom::DemoRandom(std::uint64_t seed) : m_engine(seed) {}

std::uint64_t DemoRandom::mix(std::uint64_t x)
{
    // splitmix64 finaliser
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

DemoRandom DemoRandom::stream(std::uint64_t seed, std::uint64_t purpose)
{
    return DemoRandom(mix(mix(seed) ^ (purpose * 0x2545f4914f6cdd1dULL)));
}

std::uint64_t DemoRandom::below(std::uint64_t n)
{
    if (n <= 1) {
        return 0;
    }
    // Rejection sampling: unbiased and defined by the engine's output alone.
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold) {
            return r % n;
        }
    }
}

std::int64_t DemoRandom::between(std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo) {
        return lo;
    }
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
}

double DemoRandom::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double DemoRandom::normal()
{
    double sum = 0.0;
    for (int i = 0; i < 12; ++i) {
        sum += uniform();
    }
    return sum - 6.0;
}

std::uint64_t DemoRandom::count(double mean)
{
    if (!(mean > 0.0)) {
        return 0;
    }
    if (mean < 32.0) {
        // Binomial(256, mean/256) is within a few percent of Poisson here and needs no exp().
        const double p = mean / 256.0;
        std::uint64_t k = 0;
        for (int i = 0; i < 256; ++i) {
            k += chance(p) ? 1 : 0;
        }
        return k;
    }
    // sqrt is correctly rounded by IEEE 754, so this stays reproducible.
    const double v = mean + std::sqrt(mean) * normal();
    return v <= 0.0 ? 0 : static_cast<std::uint64_t>(v + 0.5);
}

std::size_t DemoRandom::weighted(const std::vector<double>& weights)
{
    double total = 0.0;
    for (double w : weights) {
        total += w;
    }
    if (weights.empty() || !(total > 0.0)) {
        return 0;
    }
    double r = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (r < weights[i]) {
            return i;
        }
        r -= weights[i];
    }
    return weights.size() - 1;
}

std::string DemoRandom::guid()
{
    // Version 4 and RFC 4122 variant bits.
    const std::uint64_t hi = (next() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    const std::uint64_t lo = (next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    std::string s(36, '-');
    std::size_t pos = 0;
    for (int i = 0; i < 32; ++i) {
        if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            ++pos;
        }
        const std::uint64_t word = i < 16 ? hi : lo;
        const int shift = (15 - (i % 16)) * 4;
        s[pos++] = kHex[(word >> shift) & 0xF];
    }
    return s;
}

std::string DemoRandom::hex(int digits)
{
    std::string s;
    s.reserve(static_cast<std::size_t>(digits));
    std::uint64_t bits = 0;
    int left = 0;
    for (int i = 0; i < digits; ++i) {
        if (left == 0) {
            bits = next();
            left = 16;
        }
        s.push_back(kHex[bits & 0xF]);
        bits >>= 4;
        --left;
    }
    return s;
}

} // namespace kvw::core
