import Explorer
import GmemModel

/// A safety property of the guest_memfd model.
public struct Invariant: Sendable {
  public let name: String
  /// A column heading of at most five characters (`verify`).
  public let short: String
  /// The property in one line, as `gmemcheck list` shows it.
  public let summary: String
  /// The kernel sources (MODEL.md tags) it comes from.
  public let source: String
  /// Nil when `state` satisfies the property, else why not.
  public let violation: @Sendable (GuestMemfd, GmemState) -> String?
  /// The same check on a wide state (the every-size abstraction's
  /// representatives, `AbstractFolios`).
  public let wideViolation: @Sendable (GuestMemfd, WideState) -> String?
  /// Why the property is not checked for a configuration, or nil when it is.
  public let notApplicable: @Sendable (ModelConfig) -> String?
  /// Whether it reads content (`trackData`). Content is a ghost no step
  /// reads, so the others are checked on the model without it
  /// (`ModelConfig.withoutContent`), in every-size checks.
  public let readsContent: Bool
  /// How many subpages a violation needs: nil when no bound is known (the
  /// views of two subpages, `PairViews`, then do not decide it).
  public let witnesses: Witnesses?

  /// One generic check gives both closures: one source for each property.
  init<C: InvariantCheck>(
    name: String, short: String, summary: String, source: String,
    notApplicable: @escaping @Sendable (ModelConfig) -> String? = { _ in nil },
    readsContent: Bool = false, witnesses: Witnesses?, check: C
  ) {
    self.name = name
    self.short = short
    self.summary = summary
    self.source = source
    self.notApplicable = notApplicable
    self.readsContent = readsContent
    self.witnesses = witnesses
    self.violation = { check.violation($0, $1) }
    self.wideViolation = { check.violation($0, $1) }
  }

  public func holds(in state: GmemState, of model: GuestMemfd) -> Bool {
    violation(model, state) == nil
  }

  /// The property as the engine checks it, for one model.
  public func property(for model: GuestMemfd) -> Property<GmemState> {
    let violation = self.violation
    return Property(always: name) { violation(model, $0) == nil }
  }

  /// Every safety property, in the order verdicts are printed.
  public static let all: [Invariant] = [
    .noPrivateInUserspace, .hugepageReconstitutable, .noUseAfterFree, .splitIfAnyShared,
    .refcountsBounded, .noPrivateInDevice, .noSilentDataLoss, .noUnboundedSpin,
  ]

  /// The properties checked for `config`, in the order of `all`.
  public static func applicable(to config: ModelConfig) -> [Invariant] {
    all.filter { $0.notApplicable(config) == nil }
  }

  public static func named(_ name: String) -> Invariant? { all.first { $0.name == name } }
}

/// How many subpages a property's violation needs: a state that violates
/// it has a part with at most that many of its unmarked subpages' local
/// states (its marked subpages and globals kept) that violates it the
/// same way (docs/semantics.md, "Views of two subpages").
public enum Witnesses: Sendable, Equatable {
  /// At most this many subpages.
  case subpages(Int)
  /// The subpage of a page-by-page ioctl and the witnesses of its step:
  /// the property is that some ioctl would do something.
  case ioctlStep
}

/// What `describe` says of the first subpage of `model` that is `bad`.
/// The test is apart from the text so that it inlines into the loop: the
/// engine checks every state, and nearly every one passes.
@inline(__always)
func firstSubpage<S: ModelState>(
  of model: GuestMemfd, in state: S, where bad: (Subpage) -> Bool,
  _ describe: (Int, Subpage) -> String
) -> String? {
  for p in model.subpageIndices where bad(state[subpage: p]) {
    return describe(p, state[subpage: p])
  }
  return nil
}

/// A safety property's test, generic over the state type.
protocol InvariantCheck: Sendable {
  /// Nil when `state` satisfies the property, else why not.
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String?
}
