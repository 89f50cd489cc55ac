#include "tracer/HostMountWatch.h"

#include "common/HostMountTable.h"

namespace scratch::tracer {

HostMountWatch::HostMountWatch(bool enabled) : enabled_(enabled) {
    if (enabled_) before_ = readHostMounts();
}

void HostMountWatch::report(EventListener& listener) const {
    if (!enabled_) return;
    const std::multiset<std::string> after = readHostMounts();
    for (const std::string& line : after) {
        if (before_.count(line) >= after.count(line)) continue;
        TracerNote note;
        note.kind = TracerNote::Kind::HostMountAdded;
        note.host = line.substr(0, line.find(' '));
        note.where = Where::Host;
        note.detail = "host mount table gained: " + line;
        listener.onNote(note);
    }
}

}  // namespace scratch::tracer
