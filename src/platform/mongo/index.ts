export { connectMongo, MONGO_CONNECTION } from './mongo';
