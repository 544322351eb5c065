# Build facts for core/common/BuildInfo.cpp. Included from core/CMakeLists.txt once kvw_core exists, so only that
# one translation unit sees the generated header (a new build date rebuilds one file, not the core).
include(GNUInstallDirs)

# string(TIMESTAMP) honours SOURCE_DATE_EPOCH, which keeps package builds reproducible.
string(TIMESTAMP KVW_BUILD_DATE "%Y-%m-%d" UTC)
if(CMAKE_CONFIGURATION_TYPES)
  set(KVW_BUILD_TYPE "multi-config")
elseif(CMAKE_BUILD_TYPE)
  set(KVW_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
else()
  set(KVW_BUILD_TYPE "unspecified")
endif()
if(KVW_SANITIZE)
  string(APPEND KVW_BUILD_TYPE " + ASan/UBSan")
endif()
set(KVW_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
set(KVW_PLATFORM "${CMAKE_SYSTEM_NAME} ${CMAKE_SYSTEM_PROCESSOR}")
set(KVW_LICENSE_DIR "${CMAKE_INSTALL_FULL_DATADIR}/doc/kvworkbook/licenses")
# Versions the core cannot ask the libraries for at run time (header-only, or Qt outside the Qt-free core).
set(KVW_QT_VERSION "${Qt6_VERSION}")
set(KVW_NLOHMANN_JSON_VERSION "${nlohmann_json_VERSION}")
set(KVW_SIMDJSON_VERSION "${simdjson_VERSION}")

configure_file(${CMAKE_SOURCE_DIR}/core/common/BuildInfoConfig.h.in
               ${CMAKE_BINARY_DIR}/generated/kvw/BuildInfoConfig.h @ONLY)
target_include_directories(kvw_core PRIVATE ${CMAKE_BINARY_DIR}/generated)
