# Where pico-sdk comes from, the two usual ways (included before project()):
#   - PICO_SDK_PATH, from the environment or -DPICO_SDK_PATH=..., a checkout with its submodules
#     (git submodule update --init: lib/cyw43-driver for the Pico W, lib/tinyusb for the USB console);
#   - -DPICO_SDK_FETCH_FROM_GIT=on: CMake clones the tag below (and those two submodules) into the
#     build directory.
set(WASMTCP_PICO_SDK_TAG 2.2.0) # the version this board is built and tested against

if(NOT PICO_SDK_PATH AND DEFINED ENV{PICO_SDK_PATH})
  set(PICO_SDK_PATH $ENV{PICO_SDK_PATH})
endif()
if(NOT PICO_SDK_PATH AND (PICO_SDK_FETCH_FROM_GIT OR "$ENV{PICO_SDK_FETCH_FROM_GIT}"))
  include(FetchContent)
  FetchContent_Declare(pico_sdk
    GIT_REPOSITORY https://github.com/raspberrypi/pico-sdk.git
    GIT_TAG ${WASMTCP_PICO_SDK_TAG}
    GIT_SUBMODULES lib/cyw43-driver lib/tinyusb
    GIT_SHALLOW TRUE
    SOURCE_SUBDIR no-such-dir) # fetch only: the SDK is not a subproject, pico_sdk_init.cmake sets it up
  FetchContent_MakeAvailable(pico_sdk)
  set(PICO_SDK_PATH ${pico_sdk_SOURCE_DIR})
endif()
if(NOT PICO_SDK_PATH OR NOT EXISTS "${PICO_SDK_PATH}/pico_sdk_init.cmake")
  message(FATAL_ERROR "pico-sdk not found: set PICO_SDK_PATH (env or -D) or pass -DPICO_SDK_FETCH_FROM_GIT=on")
endif()
get_filename_component(PICO_SDK_PATH "${PICO_SDK_PATH}" REALPATH)
set(PICO_SDK_PATH ${PICO_SDK_PATH} CACHE PATH "pico-sdk" FORCE)
include(${PICO_SDK_PATH}/pico_sdk_init.cmake)
