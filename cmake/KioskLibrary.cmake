# kiosk_library(NAME [deps...]): a static library from every .cpp under the current folder
# (an INTERFACE library while the folder has only headers), rooted at the source tree for includes.
# Files matching the regex in KIOSK_LIBRARY_EXCLUDE, when the caller sets it, are left out.
# With KIOSK_UNITY (the default) the library is compiled in unity batches (see CMakeLists.txt).
function(kiosk_library name)
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX ".*/main\\.cpp$")
  if(KIOSK_LIBRARY_EXCLUDE)
    list(FILTER srcs EXCLUDE REGEX "${KIOSK_LIBRARY_EXCLUDE}")
  endif()
  if(srcs)
    add_library(${name} STATIC ${srcs})
    target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARGN})
    if(KIOSK_UNITY AND NOT KIOSK_FUZZ)
      set_target_properties(${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
    endif()
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${CMAKE_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARGN})
  endif()
endfunction()
