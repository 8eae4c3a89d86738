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
    let wides = invariants.map(\.wideViolation)
    return { a in
      guard let (model, s) = abstraction.representative(of: a) else { return 0 }
      var bits: UInt64 = 0
      for (i, wide) in wides.enumerated() where wide(model, s) != nil { bits |= 1 << UInt64(i) }
      return bits
    }
  }
}
