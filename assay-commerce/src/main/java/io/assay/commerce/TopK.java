package io.assay.commerce;

import java.util.PriorityQueue;

/** The indices of the largest scores, best first; ties go to the lower index; -∞ is never selected. */
final class TopK {

    private TopK() {}

    static int[] select(double[] score, int n) {
        var heap = new PriorityQueue<Integer>(
                n + 1, (a, b) -> score[a] != score[b] ? Double.compare(score[a], score[b]) : Integer.compare(b, a));
        for (int i = 0; i < score.length; i++) {
            if (score[i] == Double.NEGATIVE_INFINITY || Double.isNaN(score[i])) {
                continue;
            }
            if (heap.size() < n) {
                heap.add(i);
            } else {
                int worst = heap.peek();
                if (score[i] > score[worst] || (score[i] == score[worst] && i < worst)) {
                    heap.poll();
                    heap.add(i);
                }
            }
        }
        int[] out = new int[heap.size()];
        for (int j = out.length - 1; j >= 0; j--) {
            out[j] = heap.poll();
        }
        return out;
    }
}
