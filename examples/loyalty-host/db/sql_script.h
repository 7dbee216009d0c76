// Splits a migration's SQL into statements: a statement ends with ';' at the
// end of a line. Two bodies may hold such lines without ending there: a
// PostgreSQL dollar-quoted body ($$ ... $$) and a SQLite trigger body, which
// ends at a line "END;". Comment-only pieces are dropped. Pure function.
#pragma once

#include <string>
#include <vector>

namespace loyalty {

std::vector<std::string> SplitSqlScript(const std::string& sql);

}  // namespace loyalty
