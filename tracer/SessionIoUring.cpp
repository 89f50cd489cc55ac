// The session's side of io_uring decoding (tracer/IoUringRings.h): what the tracker may ask of
// the current task and event. Apart from Session.cpp so that the hooks there stay a few lines.
#include "tracer/Session.h"

namespace scratch::tracer {

UringContext Session::uringContext() {
    const auto ids = [this] {
        return TaskIds{current_->tid, current_->tgid, current_->nstid, current_->nstgid};
    };
    UringContext c;
    c.newPathSlot = [this]() -> PathRef& { return nextPathSlot(current_->event); };
    c.pathsSize = [this] { return current_->event.paths.size(); };
    c.fillFd = [this](int fd, PathRef& out) { fillFdRef(*current_, fd, out); };
    c.resolvePath = [this, ids](int dirfd, std::string_view path, bool follow, PathRef& out) {
        resolver_.resolvePath(ids(), dirfd, path, follow, out);
    };
    c.resolveFdNow = [this, ids](int fd, PathRef& out) { resolver_.resolveFd(ids(), fd, out); };
    c.blindSpot = [this](const std::string& detail) {
        TracerNote note;
        note.kind = TracerNote::Kind::BlindSpot;
        note.tid = current_->tid;
        note.nspid = current_->nstid;
        note.seq = current_->event.seq;
        note.detail = detail;
        listener_.onNote(note);
    };
    c.invalidatePaths = [this] { resolver_.invalidatePaths(); };
    return c;
}

}  // namespace scratch::tracer
