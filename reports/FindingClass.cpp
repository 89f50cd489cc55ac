#include "reports/FindingClass.h"

namespace scratch::reports {

std::string_view findingClassName(FindingClass klass) {
    return nameIn(kFindingClassNames, klass, "?");
}

std::optional<FindingClass> findingClassFromName(std::string_view name) {
    return valueIn(kFindingClassNames, name);
}

std::string_view severityName(Severity severity) { return nameIn(kSeverityNames, severity, "?"); }

std::optional<Severity> severityFromName(std::string_view name) {
    return valueIn(kSeverityNames, name);
}

std::string_view severityLabel(Severity severity) {
    return severity == Severity::Leak ? "LEAK" : severityName(severity);
}

}  // namespace scratch::reports
