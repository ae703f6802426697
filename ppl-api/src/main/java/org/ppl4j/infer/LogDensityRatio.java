package org.ppl4j.infer;

import java.util.ArrayList;
import java.util.List;
import org.ppl4j.handlers.PlateFrame;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.tensor.Tensor;

/**
 * {@code log p(x, z) - log q(z)} kept per site with its plates (Pyro's {@code MultiFrameTensor}),
 * detached, so that each score-function term is weighted only by the cost its plates share.
 */
final class LogDensityRatio {
    private record Term(Tensor value, List<PlateFrame> frames) {}

    private final List<Term> terms = new ArrayList<>();

    LogDensityRatio(Trace model, Trace guide) {
        for (Site s : model.sampleSites()) {
            terms.add(new Term(model.logProb(s.name()).detach(), s.frames()));
        }
        for (Site s : guide.sampleSites()) {
            if (s.isLatent()) {
                terms.add(new Term(guide.logProb(s.name()).detach().neg(), s.frames()));
            }
        }
    }

    /**
     * The sum of all terms with every dimension summed out except the batch dims of the plates in
     * {@code frames} that the term itself lies in; shaped so it broadcasts against a site inside
     * exactly those plates. A plate is matched by its frame, not its dim, so sequential plates that
     * reuse a dim do not mix.
     */
    Tensor sumTo(List<PlateFrame> frames) {
        int rank = 0;
        for (PlateFrame f : frames) {
            rank = Math.max(rank, -f.dim());
        }
        Tensor total = null;
        for (Term t : terms) {
            Tensor v = t.value();
            while (v.rank() > rank) {
                v = v.sum(0);
            }
            while (v.rank() < rank) {
                v = v.unsqueeze(0);
            }
            for (int i = 0; i < rank; i++) {
                if (v.dim(i) != 1 && !shared(frames, t.frames(), i - rank)) {
                    v = v.sum(new int[] {i}, true);
                }
            }
            total = total == null ? v : total.add(v);
        }
        return total;
    }

    private static boolean shared(List<PlateFrame> target, List<PlateFrame> own, int dim) {
        for (PlateFrame f : target) {
            if (f.dim() == dim && own.contains(f)) {
                return true;
            }
        }
        return false;
    }
}
