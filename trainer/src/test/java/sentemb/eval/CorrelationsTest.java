package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrelationsTest {

    @Test
    void tiesOnBothSidesByHand() {
        // x = 10 20 20 20 30 -> ranks 1 3 3 3 5 (the three 20s share (2+3+4)/3 = 3), mean 3
        // y =  1  1  2  3  5 -> ranks 1.5 1.5 3 4 5 (the two 1s share (1+2)/2), mean 3
        // dx = -2 0 0 0 2, dy = -1.5 -1.5 0 1 2
        // sum dx*dy = 3 + 4 = 7, sum dx^2 = 8, sum dy^2 = 2.25+2.25+1+4 = 9.5
        // spearman = 7 / sqrt(8 * 9.5) = 7 / sqrt(76)
        double[] x = {10, 20, 20, 20, 30};
        double[] y = {1, 1, 2, 3, 5};
        assertEquals(7 / Math.sqrt(76), Correlations.spearman(x, y), 1e-15);
        // pearson on raw values: mean x 20, mean y 2.4; dx = -10 0 0 0 10, dy = -1.4 -1.4 -0.4 0.6 2.6
        // sum dx*dy = 14 + 26 = 40, sum dx^2 = 200, sum dy^2 = 1.96+1.96+0.16+0.36+6.76 = 11.2
        // pearson = 40 / sqrt(2240) = sqrt(5/7)
        assertEquals(Math.sqrt(5.0 / 7), Correlations.pearson(x, y), 1e-14);
    }

    @Test
    void tiesOnOneSideByHand() {
        // x = 1 1 1 2 -> ranks 2 2 2 4, mean 2.5, dx = -.5 -.5 -.5 1.5, sum dx^2 = 3
        // y = 1 2 3 4 -> ranks 1 2 3 4, dy = -1.5 -.5 .5 1.5, sum dy^2 = 5
        // sum dx*dy = .75 + .25 - .25 + 2.25 = 3 -> spearman = 3 / sqrt(15)
        assertEquals(3 / Math.sqrt(15), Correlations.spearman(new double[] {1, 1, 1, 2}, new double[] {1, 2, 3, 4}), 1e-15);
        // reversing one side flips the sign
        assertEquals(-3 / Math.sqrt(15), Correlations.spearman(new double[] {1, 1, 1, 2}, new double[] {4, 3, 2, 1}), 1e-15);
    }

    @Test
    void monotoneButNonLinear() {
        // spearman 1 for any increasing map; pearson of (1,2,3) vs (1,4,9):
        // dx = -1 0 1, y mean 14/3, dy = -11/3 -2/3 13/3; sum dx*dy = 24/3 = 8,
        // sum dy^2 = (121+4+169)/9 = 294/9; pearson = 8 / sqrt(2 * 294/9) = 8 * 3 / sqrt(588)
        double[] x = {1, 2, 3};
        double[] y = {1, 4, 9};
        assertEquals(1.0, Correlations.spearman(x, y), 1e-15);
        assertEquals(24 / Math.sqrt(588), Correlations.pearson(x, y), 1e-15);
    }

    @Test
    void constantSideIsUndefined() {
        assertTrue(Double.isNaN(Correlations.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(Correlations.pearson(new double[] {1, 2, 3}, new double[] {5, 5, 5})));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Correlations.spearman(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Correlations.pearson(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> Correlations.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }

    @Test
    void agreesWithNaiveAverageRankSpearmanOnTiedData() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rnd.nextInt(40);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(6);          // heavy ties
                y[i] = x[i] + rnd.nextInt(4);
            }
            assertEquals(naivePearson(naiveRanks(x), naiveRanks(y)), Correlations.spearman(x, y), 1e-12);
            assertEquals(naivePearson(x, y), Correlations.pearson(x, y), 1e-12);
        }
    }

    /** Rank of v = 1 + #{smaller} + (#{equal} - 1) / 2: the average of the positions ties occupy. */
    static double[] naiveRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) {
                    less++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            r[i] = 1 + less + (equal - 1) / 2.0;
        }
        return r;
    }

    static double naivePearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
