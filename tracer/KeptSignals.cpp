#include "tracer/KeptSignals.h"

namespace scratch::tracer {

KeptSignals::KeptSignals(std::initializer_list<int> signals) {
    for (const int sig : signals) {
        if (count_ == kMaxSignals) break;
        Kept& slot = kept_[count_];
        if (sigaction(sig, nullptr, &slot.action) != 0) continue;
        slot.signal = sig;
        ++count_;
    }
    haveMask_ = sigprocmask(SIG_SETMASK, nullptr, &mask_) == 0;
}

KeptSignals::~KeptSignals() {
    for (int i = 0; i < count_; ++i) sigaction(kept_[i].signal, &kept_[i].action, nullptr);
    if (haveMask_) sigprocmask(SIG_SETMASK, &mask_, nullptr);
}

}  // namespace scratch::tracer
