#include "tracer/InitNamespaces.h"

#include <unistd.h>

#include "tracer/ObjectIdentity.h"

namespace scratch::tracer {

NamespacesEvent readInitNamespaces(pid_t init, uint64_t cloneFlags,
                                   const std::vector<NamespaceLink>& links) {
    NamespacesEvent event;
    event.init = init;
    const pid_t self = ::getpid();
    for (const NamespaceLink& link : links) {
        NamespaceInode ns;
        ns.name = link.name;
        ns.container = namespaceInode(init, link.procName.c_str());
        ns.host = namespaceInode(self, link.procName.c_str());
        ns.isNew = (cloneFlags & link.cloneFlag) != 0;
        event.namespaces.push_back(std::move(ns));
    }
    return event;
}

}  // namespace scratch::tracer
