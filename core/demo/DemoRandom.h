#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace kvw::core {

// The generator's only source of randomness. The engine (mt19937_64) is fully specified by the standard; every
// distribution is implemented here with integer and basic IEEE arithmetic only (no std:: distributions, no
// exp/log), so the same seed gives byte-identical output with any standard library.
class DemoRandom
{
public:
    explicit DemoRandom(std::uint64_t seed);

    // An independent stream derived from a seed and a purpose, so that adding draws to one part of the
    // generator does not shift the others.
    static DemoRandom stream(std::uint64_t seed, std::uint64_t purpose);
    static std::uint64_t mix(std::uint64_t x);

    std::uint64_t next() { return m_engine(); }
    std::uint64_t below(std::uint64_t n);                   // uniform in [0, n), n > 0
    std::int64_t between(std::int64_t lo, std::int64_t hi); // uniform in [lo, hi]
    double uniform();                                       // [0, 1) with 53 random bits
    bool chance(double p) { return uniform() < p; }
    double normal();                  // approx. N(0,1): Irwin-Hall sum of 12 uniforms
    std::uint64_t count(double mean); // Poisson-like count with the given mean
    std::size_t weighted(const std::vector<double>& weights);

    std::string guid();          // lower-case random (version 4) GUID
    std::string hex(int digits); // lower-case hex digits

private:
    std::mt19937_64 m_engine;
};

} // namespace kvw::core
