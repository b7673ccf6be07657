// Numbered SQL migrations, embedded in the binary from src/store/migrations/{sqlite,postgres}.
#pragma once

#include <string_view>
#include <vector>

#include "store/database.h"

namespace passerelle::store {

struct Migration {
  int number;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& embedded_migrations(Engine engine);

}  // namespace passerelle::store
