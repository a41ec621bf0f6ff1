export { type SavedModelFiles, saveTrainedModel } from './save-trained-model';
