/// How the file's memory is backed.
public enum Backing: String, Sendable, CaseIterable {
  /// Huge folios split into 4K subpages and merged back [H2].
  case huge
  /// Every subpage is its own 4K folio [ML]: no layout, no merge.
  case base
}

/// A deliberately wrong design, used to show that a property can fail.
public enum Mutant: String, Sendable, CaseIterable, Comparable {
  case skipUnmapOnConvert
  case skipRefcountCheck
  case freePiecesToBuddy
  case mergeWithPins
  case skipSplitOnShare
  case unboundedPins

  /// What the mutant gets wrong, in one line.
  public var summary: String {
    switch self {
    case .skipUnmapOnConvert: "conversion to private leaves host PTEs mapped"
    case .skipRefcountCheck: "conversion to private ignores pins (no EAGAIN)"
    case .freePiecesToBuddy: "a released piece goes to the buddy allocator, not its merge set"
    case .mergeWithPins: "merge runs while pieces are still pinned (orphans)"
    case .skipSplitOnShare: "conversion to shared leaves an allocated folio huge"
    case .unboundedPins: "pin ignores maxShortPins (a model bug RefcountsBounded catches)"
    }
  }

  /// The property each mutant is built to break.
  public var breaks: String {
    switch self {
    case .skipUnmapOnConvert, .skipRefcountCheck: "NoPrivateInUserspace"
    case .freePiecesToBuddy: "HugepageReconstitutable"
    case .mergeWithPins: "NoUseAfterFree"
    case .skipSplitOnShare: "SplitIfAnyShared"
    case .unboundedPins: "RefcountsBounded"
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
  /// Sorted, without duplicates.
  public var mutants: [Mutant] = []

  public init() {}

  public var totalSubpages: Int { folios * subpages }

  public func has(_ mutant: Mutant) -> Bool { mutants.contains(mutant) }

  /// The highest short-term pin count the model can reach: one more than
  /// the bound with `unboundedPins`.
  public var shortPinCeiling: Int { has(.unboundedPins) ? maxShortPins + 1 : maxShortPins }
}
