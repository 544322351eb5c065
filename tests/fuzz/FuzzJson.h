#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

namespace kvw::fuzz {

// The fuzzer's bytes as a JSON document, or a discarded value when they are not JSON (never throws).
inline nlohmann::json parseJson(const std::uint8_t* data, std::size_t size)
{
    return nlohmann::json::parse(data, data + size, nullptr, false);
}

} // namespace kvw::fuzz
