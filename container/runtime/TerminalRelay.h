// --tty: the runtime's end of the container's own terminal. The init makes the pty inside the
// container (its private devpts: the command's stdio are container objects, not the
// operator's) and sends the master here over a socket; a thread relays the operator's
// terminal to it and back, with the operator's terminal in raw mode while the run lasts.
#pragma once

#include <termios.h>

#include <thread>

#include "common/UniqueFd.h"

namespace scratch::container {

class TerminalRelay {
  public:
    /// Makes the socket pair (close-on-exec; the init inherits its end through fork and clone).
    /// Throws scratch::Error when it cannot.
    TerminalRelay();
    /// stop().
    ~TerminalRelay();
    TerminalRelay(const TerminalRelay&) = delete;
    TerminalRelay& operator=(const TerminalRelay&) = delete;

    /// The end the container's init sends the pty master on (InitPlan::ttySocket).
    int initEnd() const { return theirs_.get(); }
    /// Puts the operator's terminal (when stdin is one) in raw input mode, output processing
    /// kept so the live log's lines stay lines, and starts the relay thread.
    void start();
    /// Ends the relay after the run: copies what the command still wrote, joins the thread
    /// and restores the operator's terminal. Harmless to call twice.
    void stop();

  private:
    void relay();

    UniqueFd ours_;
    UniqueFd theirs_;
    UniqueFd stopRead_;
    UniqueFd stopWrite_;
    std::thread thread_;
    termios saved_{};
    bool raw_ = false;
};

}  // namespace scratch::container
