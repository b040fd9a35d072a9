package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * The reasons of one decision as they are found. Building the text (grant descriptions, subject and
 * role lists) cost more than the decision itself, and most callers never read it, so each reason is
 * kept as a supplier over immutable values and rendered on first access to {@link
 * Decision#reasons()}. The fast paths ({@link Evaluator#isAllowed} and friends) pass {@link
 * #DISCARD} and keep nothing.
 */
final class Reasons {
  /** Records nothing: for answers that carry no reasons. */
  static final Reasons DISCARD = new Reasons(false);

  private final boolean recording;
  private final List<Supplier<String>> pending;

  private Reasons(boolean recording) {
    this.recording = recording;
    this.pending = recording ? new ArrayList<>(4) : List.of();
  }

  static Reasons recording() {
    return new Reasons(true);
  }

  /** Records a reason; the supplier must only read values that never change. */
  void add(Supplier<String> reason) {
    if (recording) {
      pending.add(requireNonNull(reason, "reason is null"));
    }
  }

  /** The reasons so far as an immutable list whose text is built when first read. */
  List<String> toList() {
    return new Lazy(pending.toArray(new Supplier<?>[0]));
  }

  /**
   * An immutable list whose elements are rendered together on first access. {@link Decision} keeps
   * it without copying: copying would render it.
   */
  static final class Lazy extends AbstractList<String> implements RandomAccess {
    private final Supplier<?>[] suppliers;
    // Rendering is idempotent, so two threads racing here build equal lists and either may win.
    private volatile List<String> rendered;

    private Lazy(Supplier<?>[] suppliers) {
      this.suppliers = suppliers;
    }

    @Override
    public String get(int index) {
      return rendered().get(index);
    }

    @Override
    public int size() {
      return suppliers.length;
    }

    private List<String> rendered() {
      List<String> result = rendered;
      if (result == null) {
        List<String> texts = new ArrayList<>(suppliers.length);
        for (Supplier<?> supplier : suppliers) {
          texts.add((String) supplier.get());
        }
        result = List.copyOf(texts);
        rendered = result;
      }
      return result;
    }
  }
}
