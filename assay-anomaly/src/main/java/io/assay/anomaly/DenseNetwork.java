package io.assay.anomaly;

import io.assay.core.error.InternalException;
import java.util.SplittableRandom;
import smile.linalg.Transpose;
import smile.tensor.DenseMatrix;
import smile.tensor.ScalarType;

/**
 * A dense feed-forward network trained by mini-batch back-propagation with Adam, on Smile's tensor building blocks:
 * every layer's forward and backward pass is one single-precision matrix product over the whole mini-batch ({@code
 * DenseMatrix.mm}, OpenBLAS {@code sgemm} through Smile), and the element-wise work (bias, ReLU, Adam) runs on the
 * matrices' own arrays. Smile's {@code smile.model.mlp} classes propagate one sample at a time and offer SGD and
 * RMSProp only; batching the products is what makes training on CPU faster than PyTorch for these small layers.
 *
 * <p>Matrices are column-major, rows are samples. Hidden layers use ReLU, the output layer is linear, the loss is the
 * mean squared error over all outputs. Not thread-safe while training; {@link #forward} on a trained network is
 * thread-confined per call (it allocates its own buffers).
 */
final class DenseNetwork {

    private final int[] sizes;
    private final float[][] weights; // layer l: sizes[l+1] x sizes[l], column-major
    private final float[][] biases;

    DenseNetwork(int[] sizes, float[][] weights, float[][] biases) {
        this.sizes = sizes.clone();
        this.weights = weights;
        this.biases = biases;
    }

    /** Weights and biases uniform in ±1/sqrt(inputs), as PyTorch initialises its linear layers. */
    static DenseNetwork initialise(int[] sizes, SplittableRandom rnd) {
        int layers = sizes.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            w[l] = new float[sizes[l + 1] * sizes[l]];
            b[l] = new float[sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
        }
        return new DenseNetwork(sizes, w, b);
    }

    int[] sizes() {
        return sizes.clone();
    }

    float[][] weights() {
        return weights;
    }

    float[][] biases() {
        return biases;
    }

    DenseNetwork copy() {
        float[][] w = new float[weights.length][];
        float[][] b = new float[biases.length][];
        for (int l = 0; l < w.length; l++) {
            w[l] = weights[l].clone();
            b[l] = biases[l].clone();
        }
        return new DenseNetwork(sizes, w, b);
    }

    /** The float array behind a Smile matrix (column-major, leading dimension {@code m.ld()}). */
    static float[] array(DenseMatrix m) {
        Object base = m.memory().heapBase().orElse(null);
        if (!(base instanceof float[] a)) {
            throw new InternalException("Smile returned a matrix that is not backed by a float array", null);
        }
        return a;
    }

    /** Buffers for one batch size: activations and their gradients per layer, weight gradients and Adam moments. */
    final class Workspace {
        final int batch;
        final DenseMatrix[] a;
        final DenseMatrix[] g;
        final DenseMatrix[] w;
        final DenseMatrix[] dw;
        final float[][] db;

        Workspace(int batch) {
            this.batch = batch;
            int layers = sizes.length - 1;
            a = new DenseMatrix[layers + 1];
            g = new DenseMatrix[layers + 1];
            w = new DenseMatrix[layers];
            dw = new DenseMatrix[layers];
            db = new float[layers][];
            for (int l = 0; l <= layers; l++) {
                a[l] = DenseMatrix.zeros(ScalarType.Float32, batch, sizes[l]);
                g[l] = DenseMatrix.zeros(ScalarType.Float32, batch, sizes[l]);
            }
            for (int l = 0; l < layers; l++) {
                w[l] = DenseMatrix.zeros(ScalarType.Float32, sizes[l + 1], sizes[l]);
                dw[l] = DenseMatrix.zeros(ScalarType.Float32, sizes[l + 1], sizes[l]);
                db[l] = new float[sizes[l + 1]];
            }
            bind();
        }

        /** Copies the network's weights into the workspace matrices (their arrays are Smile's own). */
        void bind() {
            for (int l = 0; l < w.length; l++) {
                copyInto(weights[l], w[l], sizes[l + 1], sizes[l]);
            }
        }

        /** Copies the workspace matrices' weights back into the network. */
        void unbind() {
            for (int l = 0; l < w.length; l++) {
                copyFrom(w[l], weights[l], sizes[l + 1], sizes[l]);
            }
        }

        /** The input block: row {@code i} of the batch, column {@code j}. */
        float[] input() {
            return array(a[0]);
        }

        int ld() {
            return a[0].ld();
        }

        /** Forward pass over the batch; returns the output activations' array (leading dimension {@link #ld()}). */
        float[] forward() {
            int layers = w.length;
            for (int l = 0; l < layers; l++) {
                DenseMatrix.mm(1.0, Transpose.NO_TRANSPOSE, a[l], Transpose.TRANSPOSE, w[l], 0.0, a[l + 1]);
                float[] z = array(a[l + 1]);
                int ld = a[l + 1].ld();
                float[] bias = biases[l];
                boolean relu = l < layers - 1;
                for (int j = 0; j < sizes[l + 1]; j++) {
                    float bj = bias[j];
                    int off = j * ld;
                    for (int i = 0; i < batch; i++) {
                        float v = z[off + i] + bj;
                        z[off + i] = relu && v < 0 ? 0 : v;
                    }
                }
            }
            return array(a[layers]);
        }

        /**
         * Back-propagates the squared error of the output against the input (an autoencoder's target) for the first
         * {@code rows} rows of the batch and returns the batch's summed squared error.
         */
        double backward(int rows) {
            int layers = w.length;
            int out = sizes[layers];
            float[] y = array(a[layers]);
            float[] x = array(a[0]);
            float[] grad = array(g[layers]);
            int ld = a[layers].ld();
            int ld0 = a[0].ld();
            double loss = 0;
            float scale = 2f / ((float) rows * out);
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < batch; i++) {
                    float diff = i < rows ? y[j * ld + i] - x[j * ld0 + i] : 0;
                    loss += diff * diff;
                    grad[j * ld + i] = scale * diff;
                }
            }
            for (int l = layers - 1; l >= 0; l--) {
                DenseMatrix.mm(1.0, Transpose.TRANSPOSE, g[l + 1], Transpose.NO_TRANSPOSE, a[l], 0.0, dw[l]);
                float[] gl = array(g[l + 1]);
                int ldg = g[l + 1].ld();
                float[] bias = db[l];
                for (int j = 0; j < sizes[l + 1]; j++) {
                    float s = 0;
                    int off = j * ldg;
                    for (int i = 0; i < batch; i++) {
                        s += gl[off + i];
                    }
                    bias[j] = s;
                }
                if (l > 0) {
                    DenseMatrix.mm(1.0, Transpose.NO_TRANSPOSE, g[l + 1], Transpose.NO_TRANSPOSE, w[l], 0.0, g[l]);
                    float[] gp = array(g[l]);
                    float[] ap = array(a[l]);
                    for (int k = 0; k < gp.length; k++) {
                        if (ap[k] <= 0) {
                            gp[k] = 0;
                        }
                    }
                }
            }
            return loss;
        }
    }

    /** Adam (Kingma and Ba) with optional L2 weight decay added to the gradient, as PyTorch's {@code Adam}. */
    static final class Adam {
        private final double lr;
        private final double decay;
        private final float[][] mw;
        private final float[][] vw;
        private final float[][] mb;
        private final float[][] vb;
        private long step;

        Adam(DenseNetwork net, double lr, double decay) {
            this.lr = lr;
            this.decay = decay;
            int layers = net.weights.length;
            mw = new float[layers][];
            vw = new float[layers][];
            mb = new float[layers][];
            vb = new float[layers][];
            for (int l = 0; l < layers; l++) {
                mw[l] = new float[net.weights[l].length];
                vw[l] = new float[net.weights[l].length];
                mb[l] = new float[net.biases[l].length];
                vb[l] = new float[net.biases[l].length];
            }
        }

        void step(DenseNetwork net, Workspace ws) {
            step++;
            double b1 = 0.9;
            double b2 = 0.999;
            float c1 = (float) (1 - Math.pow(b1, step));
            float c2 = (float) (1 - Math.pow(b2, step));
            float alpha = (float) lr;
            for (int l = 0; l < mw.length; l++) {
                DenseMatrix wm = ws.w[l];
                float[] w = array(wm);
                float[] gw = array(ws.dw[l]);
                int rows = net.sizes[l + 1];
                int cols = net.sizes[l];
                int ldw = wm.ld();
                int ldg = ws.dw[l].ld();
                float[] m = mw[l];
                float[] v = vw[l];
                for (int j = 0; j < cols; j++) {
                    for (int i = 0; i < rows; i++) {
                        int k = j * rows + i;
                        float wk = w[j * ldw + i];
                        float gk = gw[j * ldg + i] + (float) decay * wk;
                        m[k] = 0.9f * m[k] + 0.1f * gk;
                        v[k] = 0.999f * v[k] + 0.001f * gk * gk;
                        w[j * ldw + i] = wk - alpha * (m[k] / c1) / ((float) Math.sqrt(v[k] / c2) + 1e-8f);
                    }
                }
                float[] b = net.biases[l];
                float[] gb = ws.db[l];
                m = mb[l];
                v = vb[l];
                for (int k = 0; k < b.length; k++) {
                    float gk = gb[k];
                    m[k] = 0.9f * m[k] + 0.1f * gk;
                    v[k] = 0.999f * v[k] + 0.001f * gk * gk;
                    b[k] -= alpha * (m[k] / c1) / ((float) Math.sqrt(v[k] / c2) + 1e-8f);
                }
            }
        }
    }

    private static void copyInto(float[] src, DenseMatrix m, int rows, int cols) {
        float[] dst = array(m);
        int ld = m.ld();
        for (int j = 0; j < cols; j++) {
            System.arraycopy(src, j * rows, dst, j * ld, rows);
        }
    }

    private static void copyFrom(DenseMatrix m, float[] dst, int rows, int cols) {
        float[] src = array(m);
        int ld = m.ld();
        for (int j = 0; j < cols; j++) {
            System.arraycopy(src, j * ld, dst, j * rows, rows);
        }
    }
}
