/// How the file's memory is backed.
public enum Backing: String, Sendable, CaseIterable {
  /// Huge folios split into 4K subpages and merged back [H2].
  case huge
  /// Every subpage is its own 4K folio [ML]: no layout, no merge.
  case base
}

/// When huge folios are split into 4K pieces (MODEL.md 4).
public enum SplitPolicy: String, Sendable, CaseIterable {
  /// Split when a subpage turns shared, merge back when all private [H2].
  case onConversion
  /// Shatter at creation: an allocated folio is always split ([LIST]
  /// 2024-07-10 alignment-session notes).
  case atCreation
  /// Whole-folio conversions only: a sub-range conversion gets EINVAL.
  case never
}

/// What a long-term (VFIO/IOMMU) mapping of shared memory does (MODEL.md 4).
public enum LongTermPins: String, Sendable, CaseIterable {
  /// FOLL_LONGTERM pins; conversion to private waits (EAGAIN) [V8].
  case allowed
  /// Option (a) of the 2024-06-20 pinning thread: dmaMap gets EPERM.
  case forbidden
  /// The IOMMU maps the PFN without a page reference and is invalidated
  /// by conversion to private and truncation (2024-03-19 folio_mmapped
  /// thread, fd+offset instead of GUP).
  case pfnCallback
}

/// How pins are counted (MODEL.md 4).
public enum Refcount: String, Sendable, CaseIterable {
  /// One refcount per 4K subpage (option (b): 4K folios to core mm).
  case perSubpage
  /// One refcount for the whole huge folio: a pin anywhere in it blocks
  /// converting any of it to private.
  case perFolio
}

/// What compaction may do besides merging (MODEL.md 4).
public enum Migration: String, Sendable, CaseIterable {
  /// guest_memfd folios are unmovable [ML `kvm_gmem_migrate_folio`].
  case none
  /// A shared, unpinned piece of a split folio may move out to a
  /// standalone 4K page, so the huge page can be reconstituted.
  case shared4K
}

/// What conversion does to content (with `trackData`).
public enum ConversionContent: String, Sendable, CaseIterable {
  /// In-place conversion keeps content (software-protected VMs, pKVM) [V8].
  case preserve
  /// Firmware scrubs (zeroes) memory on conversion.
  case scrub
}

/// What a punch of part of a huge folio does (MODEL.md 6.4).
public enum PartialPunch: String, Sendable, CaseIterable {
  /// The piece is zeroed in place [H2 `kvm_gmem_zero_range`].
  case zero
  /// A punch not aligned to the huge page size fails with EINVAL [HT
  /// `kvm_gmem_fallocate`].
  case einval
}

/// A named assumption about the environment, restricting what it does.
public enum Assumption: String, Sendable, CaseIterable {
  /// Host userspace neither faults nor pins (short- or long-term) a
  /// subpage while a conversion of it to private is pending (with
  /// `refcount: perFolio`, any subpage of its folio, since any pin there
  /// holds the conversion up): the guest does no I/O on memory it is
  /// converting, and the VMM removes the references it knows of first, as
  /// the in-place conversion API documentation asks [V8 api.rst]. MODEL.md
  /// 3 states ConversionCompletes under it.
  case hostQuiescesDuringConversion
  /// While a request is pending, mm takes no new transient reference in a
  /// folio its range touches (MODEL.md 6.3). It stands for what weak
  /// fairness cannot say: the VMM's retries eventually find no speculative
  /// reference held, as the kernel relies on them being brief.
  case transientRefsSettle

  /// What the assumption rules out, in one line.
  public var summary: String {
    switch self {
    case .hostQuiescesDuringConversion:
      "host userspace neither faults nor pins a range while its conversion to private is pending"
    case .transientRefsSettle:
      "mm takes no new transient reference in a folio while a request on it is pending"
    }
  }
}

/// A verdict a configuration expects for a property (`expect`).
public struct ExpectedVerdict: Equatable, Sendable {
  public enum Verdict: String, Sendable, CaseIterable {
    case pass, fail
  }
  public var property: String
  public var verdict: Verdict
  /// Where the expectation is written, for error messages.
  public var position: SourcePosition?
}

/// A deliberately wrong design, used to show that a property can fail.
public enum Mutant: String, Sendable, CaseIterable, Comparable {
  case skipUnmapOnConvert
  case skipRefcountCheck
  case freePiecesToBuddy
  case mergeWithPins
  case skipSplitOnShare
  case unboundedPins
  case skipIommuInvalidate
  case migratePinned
  case spinOnPins

  /// What the mutant gets wrong, in one line.
  public var summary: String {
    switch self {
    case .skipUnmapOnConvert: "conversion to private leaves host PTEs mapped (which then block it)"
    case .skipRefcountCheck: "conversion to private ignores pins (no EAGAIN)"
    case .freePiecesToBuddy: "a released piece goes to the buddy allocator, not its merge set"
    case .mergeWithPins: "merge runs while pieces are still pinned (orphans)"
    case .skipSplitOnShare: "conversion to shared leaves an allocated folio huge"
    case .unboundedPins: "pin ignores maxShortPins (a model bug RefcountsBounded catches)"
    case .skipIommuInvalidate: "pfnCallback: conversion to private leaves the IOMMU mapping"
    case .migratePinned: "migration moves a pinned piece; the pin holder writes the old page"
    case .spinOnPins: "conversion to private waits for references to go instead of EAGAIN"
    }
  }

  /// The property each mutant is built to break. Since MODEL.md 6.2 the
  /// refcount check counts PTEs, so the PTE `skipUnmapOnConvert` leaves
  /// blocks the conversion for ever instead of leaking the page.
  public var breaks: String {
    switch self {
    case .skipUnmapOnConvert: "ConversionCompletes"
    case .skipRefcountCheck: "NoPrivateInUserspace"
    case .freePiecesToBuddy: "HugepageReconstitutable"
    case .mergeWithPins: "NoUseAfterFree"
    case .skipSplitOnShare: "SplitIfAnyShared"
    case .unboundedPins: "RefcountsBounded"
    case .skipIommuInvalidate: "NoPrivateInDevice"
    case .migratePinned: "NoSilentDataLoss"
    case .spinOnPins: "NoUnboundedSpin"
    }
  }

  public static func < (a: Mutant, b: Mutant) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// One model configuration: sizes, bounds, design choices and mutants.
/// Defaults are MODEL.md's default design with the smallest bounds.
public struct ModelConfig: Equatable, Sendable {
  public var folios = 1
  public var subpages = 4
  public var backing = Backing.huge
  public var initShared = false
  public var maxMappers = 1
  public var maxShortPins = 1
  public var maxLongPins = 1
  public var split = SplitPolicy.onConversion
  public var longTermPins = LongTermPins.allowed
  public var refcount = Refcount.perSubpage
  public var migration = Migration.none
  public var trackData = false
  public var conversionContent = ConversionContent.preserve
  /// Transient references (MODEL.md 6.3): mm's takeRef/dropRef.
  public var transientRefs = false
  public var partialPunch = PartialPunch.zero
  /// vCPUs with a request each (MODEL.md 6.5).
  public var vcpus = 1
  /// Sorted, without duplicates.
  public var mutants: [Mutant] = []
  /// Weakly fair action kinds, per instance (MODEL.md 3 and 6: short-term
  /// pins are released, the VMM keeps servicing a pending request, merges
  /// run, the VMM gives up on a request a long-term pin blocks, transient
  /// references are dropped).
  public var fairness: [ActionKind] = [.unpin, .convert, .abandon, .dropRef, .merge]
  public var assumptions: [Assumption] = []
  /// Actions that may never fire in this configuration, each with why
  /// (`unfired`); `--coverage` warns about any other that never fires.
  public var unfired: [String: String] = [:]
  /// Expected verdicts (`expect`), for `gmemcheck verify`; no effect on
  /// the model.
  public var expectations: [ExpectedVerdict] = []

  public init() {}

  public var totalSubpages: Int { folios * subpages }

  public func has(_ mutant: Mutant) -> Bool { mutants.contains(mutant) }

  public func assumes(_ a: Assumption) -> Bool { assumptions.contains(a) }

  /// The highest short-term pin count the model can reach: one more than
  /// the bound with `unboundedPins`.
  public var shortPinCeiling: Int { has(.unboundedPins) ? maxShortPins + 1 : maxShortPins }

  /// The same design without content (`trackData` off). Content is a
  /// ghost: steps write it (a write, a scrub, a zeroed hole) and no step
  /// reads it, so this model makes the same moves, state for state, with
  /// content erased (`ContentGhostTests` checks it on the catalog). So
  /// are a migrated page's stale pins (`migratePinned`): only a completed
  /// write reads them, to lose its content, and this model does not set
  /// them.
  public var withoutContent: ModelConfig {
    var c = self
    c.trackData = false
    c.conversionContent = .preserve
    return c
  }
}
