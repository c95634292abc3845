# `make package` (cpack in the build tree): a .deb of everything the install
# rules put under /usr. dpkg-shlibdeps (dpkg-dev) finds the packages of the
# shared libraries the binary links (libpython3.x among them); NumPy is loaded
# by the embedded Python at run time, so no library names it: it is added as
# dh_numpy3 would, the NumPy C API in use needing a NumPy of the same ABI.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME arrayfeed)
set(CPACK_PACKAGE_VENDOR arrayfeed)
set(CPACK_PACKAGE_CONTACT "Seed 504c638d maintainers <maintainers@users.noreply.r-seed-504c638d.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "feed NumPy arrays from a Python generator to a native kernel, in place")
set(CPACK_PACKAGE_DESCRIPTION
    "arrayfeed embeds CPython, runs a generator script and hands each NumPy array it yields to a native kernel \
that stays alive for the whole run, by the array's own data pointer. Kernels are built in or loaded from \
plugins; the plugin headers, a CMake package and a pkg-config file are included.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

# Debian's numpy3/versions holds the ABI and the oldest NumPy of this API.
set(numpy_depends python3-numpy)
set(numpy_versions /usr/share/numpy3/versions)
if(EXISTS ${numpy_versions})
  file(STRINGS ${numpy_versions} abi REGEX "^abi ")
  file(STRINGS ${numpy_versions} api_min REGEX "^api-min-version ")
  string(REPLACE "abi " "" abi "${abi}")
  string(REPLACE "api-min-version " "" api_min "${api_min}")
  set(numpy_depends "python3-numpy (>= ${api_min}), python3-numpy-abi${abi}")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${numpy_depends}")
# Built with MPI, the binary links libopenmpi3 (shlibdeps adds it); mpirun and
# ctx.comm need these too, though a run without a launcher does not.
if(ARRAYFEED_WITH_MPI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openmpi-bin, python3-mpi4py")
endif()

include(CPack)
