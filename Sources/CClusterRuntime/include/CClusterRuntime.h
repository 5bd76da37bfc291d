// The workbook's only C: a correct declaration of the Swift runtime's
// global-enqueue hook, which the simulation uses to catch jobs that escape to the
// global concurrent executor. The hook and the function it receives use the *Swift*
// calling convention, which only a C header can spell (`swiftcall`); declaring it in
// Swift with `@convention(c)` would only work by accident.
#ifndef CCLUSTER_RUNTIME_H
#define CCLUSTER_RUNTIME_H

#if __has_attribute(swiftcall)
#define CCLUSTER_SWIFTCALL __attribute__((swiftcall))
#else
#define CCLUSTER_SWIFTCALL
/// Installs `hook` (a setter keeps Swift from touching the runtime's global variable directly,
/// which Swift 6's concurrency checking rightly calls shared mutable state).
static inline void cclusterInstallEnqueueGlobalHook(CClusterEnqueueGlobalHook _Nullable hook) {
    swift_task_enqueueGlobal_hook = hook;
}

#include <stdio.h>
#include <stddef.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Bytes of heap in use (glibc's `mallinfo2`), for the memory row of pg2-bench; 0 elsewhere.
static inline size_t cclusterHeapInUse(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

/// Makes standard output line-buffered (the workbook CLI's progress shows through a pipe).
static inline void cclusterLineBufferStandardOutput(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#endif

typedef struct CClusterJob *CClusterJobRef;

typedef CCLUSTER_SWIFTCALL void (*CClusterEnqueueGlobalOriginal)(CClusterJobRef _Nonnull job);

typedef CCLUSTER_SWIFTCALL void (*CClusterEnqueueGlobalHook)(
    CClusterJobRef _Nonnull job, CClusterEnqueueGlobalOriginal _Nonnull original);

/// The runtime's hook variable (exported by libswift_Concurrency). When non-null, the
/// runtime calls it instead of handing a job to the global executor.
extern CCLUSTER_SWIFTCALL void (*_Nullable swift_task_enqueueGlobal_hook)(
    CClusterJobRef _Nonnull job, CClusterEnqueueGlobalOriginal _Nonnull original);

/// Installs `hook` (a setter keeps Swift from touching the runtime's global variable directly,
/// which Swift 6's concurrency checking rightly calls shared mutable state).
static inline void cclusterInstallEnqueueGlobalHook(CClusterEnqueueGlobalHook _Nullable hook) {
    swift_task_enqueueGlobal_hook = hook;
}

#include <stdio.h>
#include <stddef.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Bytes of heap in use (glibc's `mallinfo2`), for the memory row of pg2-bench; 0 elsewhere.
static inline size_t cclusterHeapInUse(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

/// Makes standard output line-buffered (the workbook CLI's progress shows through a pipe).
static inline void cclusterLineBufferStandardOutput(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#endif
