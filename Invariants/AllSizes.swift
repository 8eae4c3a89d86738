import Explorer
import GmemModel

extension Invariant {
  /// The property on the every-size abstraction: checked on a
  /// representative of each abstract state, which holds each occupied
  /// local state once; every check is "no subpage is ..." or "every
  /// subpage is ..." per folio, so that decides it for every concrete
  /// state the abstract one stands for. A state with no representative
  /// (`overflow`) is not judged; the search is then not a proof.
  public func property(for abstraction: AbstractFolios) -> Property<AbstractState> {
    let wide = wideViolation
    return Property(always: name) { a in
      guard let (model, s) = abstraction.representative(of: a) else { return true }
      return wide(model, s) == nil
    }
  }

  /// Why the abstract state `a` violates the property, on its
  /// representative, or nil.
  public func violation(in a: AbstractState, of abstraction: AbstractFolios) -> String? {
    guard let (model, s) = abstraction.representative(of: a) else { return nil }
    return wideViolation(model, s)
  }

  /// `invariants` on the abstraction at once, a bit per violated one
  /// (`FrontierSearch.violations`): one representative a state, not one
  /// a property.
  static func violations(of invariants: [Invariant], for abstraction: AbstractFolios)
    -> (AbstractState) -> UInt64
  {
    // One closure for them all, each link calling the one before: a
    // captured closure is called as it is, where one taken from an array
    // was retained and released around each call (3% of the search). A
    // loop, not `reduce`: a generic's closures pass the model and state
    // through thunks that copy them.
    var all: (GuestMemfd, WideState) -> UInt64 = { _, _ in 0 }
    for (i, invariant) in invariants.enumerated() {
      let (rest, bit, wide) = (all, UInt64(1) << UInt64(i), invariant.wideViolation)
      all = { model, s in rest(model, s) | (wide(model, s) == nil ? 0 : bit) }
    }
    return { a in abstraction.onRepresentative(of: a, all) ?? 0 }
  }
}
