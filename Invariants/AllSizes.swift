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
      abstraction.withRepresentative(a) { model, s in wide(model, s) }.map { $0 == nil } ?? true
    }
  }

  /// Why the abstract state `a` violates the property, on its
  /// representative, or nil.
  public func violation(in a: AbstractState, of abstraction: AbstractFolios) -> String? {
    let wide = wideViolation
    return abstraction.withRepresentative(a) { model, s in wide(model, s) } ?? nil
  }
}
