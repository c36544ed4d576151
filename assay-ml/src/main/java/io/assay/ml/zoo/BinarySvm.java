package io.assay.ml.zoo;

import java.io.Serial;
import smile.classification.Classifier;
import smile.classification.PlattScaling;
import smile.classification.SVM;

/** A two-class SVM with Platt-scaled probabilities, labelled 0/1 like every other classifier in Assay. */
final class BinarySvm implements Classifier<double[]> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SVM<double[]> svm;
    private final PlattScaling platt;

    BinarySvm(SVM<double[]> svm, PlattScaling platt) {
        this.svm = svm;
        this.platt = platt;
    }

    @Override
    public int numClasses() {
        return 2;
    }

    @Override
    public int[] classes() {
        return new int[] {0, 1};
    }

    @Override
    public int predict(double[] x) {
        return svm.score(x) > 0 ? 1 : 0;
    }

    @Override
    public boolean isSoft() {
        return true;
    }

    @Override
    public int predict(double[] x, double[] posteriori) {
        double score = svm.score(x);
        double p = platt.scale(score);
        posteriori[1] = p;
        posteriori[0] = 1 - p;
        return score > 0 ? 1 : 0;
    }
}
