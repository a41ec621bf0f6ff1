;; The loops of the Dense training kernels (src/kernels/DenseForward.ts, DenseBackward.ts): a
;; fully connected layer's forward pass and its backward pass, four floats at a time in f32x4
;; lanes. Every matrix is float32, row-major, in tfjs-backend-wasm's heap (the module imports the
;; backend's non-shared WebAssembly.Memory); every pointer is a byte offset into it, 0 for "none".
;;
;; Shapes: x [rows, k] (the layer's input), w [k, n] (its kernel), b [n], y [rows, n] (its output).
;;
;;   forward                               backward
;;   y[r,:] = b + Σⱼ x[r,j] w[j,:]          dw[j,:] = Σᵣ x[r,j] dz[r,:]     (kernel_gradient)
;;                                          db      = Σᵣ dz[r,:]            (column_sums)
;;                                          dx[r,:] = Σ꜀ dz[r,c] wᵀ[c,:]    (input_gradient)
;;   y = relu(z) · mask  (activate)         dz = dy · mask · (y > 0)        (gate)
;;
;; Each product is one loop, $combine: an output row as a sum of rows of a matrix, each scaled by
;; one value, over a list of (row, value) pairs that $nonzeros gathers from x (or dz) without its
;; zeros: after a ReLU, and in MNIST's images, most values are zero and cost nothing. $combine
;; keeps 24 output columns in six f32x4 registers while it runs down the list, so each pair costs
;; six loads and six multiply-adds, and the output is written once.
;;
;; Products and sums also return a check of what they wrote: the sum of v - v over its values, 0
;; when all are finite and NaN when one is not. The forward's is the check of the pre-activations
;; (ReLU would hide a -∞), the backward's of the gradients.
;;
;; src/kernels/dense-loops.ts holds the same loops in plain JavaScript, in the same order of
;; operations (so its results are the same to the bit): the fallback where this module cannot run,
;; and the reference the tests hold it to.
;;
;; The functions are in the files of dense-simd-loops/, each named for the loops it holds; the
;; `@include` lines below put their text in here, in that order, which is the order of the
;; module's functions and exports (so reordering them changes the assembled module).
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; dense-simd-loops.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; @include dense-simd-loops/gather.wat
  ;; @include dense-simd-loops/product.wat
  ;; @include dense-simd-loops/activation.wat
)
