# The PostgreSQL engine: sql::Connection over libpq. Included from src/store/CMakeLists.txt
# (after gofrobot_store is defined), hence the paths relative to this file.
find_package(PostgreSQL REQUIRED)  # libpq only; the server headers are not needed

gofrobot_library(gofrobot_store_postgres
  ${CMAKE_CURRENT_LIST_DIR}/pg_connection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pg_text.cpp
)
target_link_libraries(gofrobot_store_postgres PUBLIC gofrobot_store PostgreSQL::PostgreSQL)
